from shop.legacy import Old as Status

FINAL = {Status.CANCELED, Status.PENDING}
