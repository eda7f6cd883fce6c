class Rule:
    def __init__(self, text):
        self.text = text
