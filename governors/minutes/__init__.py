"""Minutes: what each agenda item of a held meeting discussed and decided, with votes."""
