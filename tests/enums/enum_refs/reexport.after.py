from shop.models import New as Old

__all__ = ["Old"]
