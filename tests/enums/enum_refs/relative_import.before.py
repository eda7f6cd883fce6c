from ..legacy import Old, helper

x = helper(Old.PENDING)
