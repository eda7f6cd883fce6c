def run():
    return "ran"
