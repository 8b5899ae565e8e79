"""Getting maps in and out of other formats: Mermaid journeys (and spreadsheets) in, commented YAML out."""
