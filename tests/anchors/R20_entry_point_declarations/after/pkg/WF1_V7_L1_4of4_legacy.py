def main():
    return "legacy"
