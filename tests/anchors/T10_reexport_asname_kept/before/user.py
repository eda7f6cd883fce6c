from pkg import K

print(K)
