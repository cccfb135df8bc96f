"""SFI courses A–D and the study paths that contain them."""
