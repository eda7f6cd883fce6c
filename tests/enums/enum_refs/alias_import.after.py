from shop.models import New as Status

FINAL = {Status.CANCELLED, Status.PENDING}
