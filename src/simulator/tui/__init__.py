"""The Textual interface: set up a session, negotiate at the table, moderate, replay and
debrief. It only posts moves to a session and renders the state it gets back."""
