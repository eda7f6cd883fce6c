class Ext:
    name = "ext"
