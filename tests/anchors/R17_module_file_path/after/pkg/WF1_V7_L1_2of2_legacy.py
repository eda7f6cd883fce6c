def legacy():
    return "only with the optional extra"
