# csv plugin: rules come with its sources.
