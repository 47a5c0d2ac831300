"""One presenter per screen and the view protocols they speak to: what the window shows and does, without a
widget."""
