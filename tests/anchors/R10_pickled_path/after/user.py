"""Points pickled by an earlier release: they must load after the rename as before."""

import pickle

# protocol 2 names the class's module as pickle's GLOBAL opcode, protocol 4 with a length prefix
OLD_POINTS = (
    b'\x80\x02cpkg.shapes\nPoint\nq\x00)\x81q\x01}q\x02(X\x01\x00\x00\x00xq\x03K\x01X\x01\x00\x00\x00yq\x04K\x02ub.',
    b'\x80\x04\x95,\x00\x00\x00\x00\x00\x00\x00\x8c\npkg.shapes\x94\x8c\x05Point\x94\x93\x94)\x81\x94}\x94(\x8c\x01x\x94K\x03\x8c\x01y\x94K\x04ub.',
)


def load_old():
    return [pickle.loads(data) for data in OLD_POINTS]
