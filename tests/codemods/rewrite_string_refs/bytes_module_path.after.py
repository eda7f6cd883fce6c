import pickle

from pkg.mod import Point


def test_pickle_names_the_class_module():
    data = pickle.dumps(Point(1, 2), protocol=2)
    assert b"pkg.WF1_mod" in data
    assert B"pkg.WF1_mod.Point" in data and rb"pkg.WF1_mod:Point" != b""


OLD_DATA = b"\x80\x02cpkg.mod\nPoint\nq\x00."  # pickled before the rename: loads by the old path (a shim)
MESSAGE = b"see pkg.WF1_mod for details"  # text: read as its str spelling (hpack)
OTHER = [b"pkg.mod_v2", b"other.pkg.mod", b"pkg.mod.json"]
