# xlsx plugin: rules come with its sources.
