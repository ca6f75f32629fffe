"""Words shown to people, in Arabic, French and English."""
