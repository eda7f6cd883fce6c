from shop.legacy import Old, helper


def label(status: Old) -> str:
    if status is Old.CANCELED:
        return "gone"
    return helper(Old("canceled"), isinstance(status, Old))
