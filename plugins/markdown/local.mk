# markdown plugin: rules come with its sources.
