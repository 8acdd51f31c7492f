# rawtext plugin: rules come with its sources.
