def main():
    print("cli ok")


if __name__ == "__main__":
    main()
