"""Files on disk: where scenarios are found and how saved data is written safely."""
