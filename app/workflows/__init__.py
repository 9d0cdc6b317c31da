"""The lifecycle of an application: states, transitions, four-eyes, queues and deadlines."""
