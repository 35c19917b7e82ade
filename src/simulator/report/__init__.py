"""Rendering sessions for people: playthroughs, transcripts and debrief reports."""
