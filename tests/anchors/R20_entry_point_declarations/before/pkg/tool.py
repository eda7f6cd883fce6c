def main():
    return "tool"
