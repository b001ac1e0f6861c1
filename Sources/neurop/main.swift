print("neurop")
