print("tinylab")
