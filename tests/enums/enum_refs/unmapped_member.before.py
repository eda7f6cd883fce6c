from shop.legacy import Old

x = Old.GONE
