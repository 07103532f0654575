"""Documents: what is translated (sentences) and what is kept (layout), one
module per format, and line-aligned source/target files (:mod:`.bitext`)."""
