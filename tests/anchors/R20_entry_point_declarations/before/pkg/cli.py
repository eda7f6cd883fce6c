def main():
    return "cli"
