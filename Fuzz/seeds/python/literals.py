"""Module docstring."""
__version__ = "1.2.3"
VERSION = (1, 2, 3)
A = B = 'x'
raw = r"C:\path\n"
data = b"\x00\xff"
long = """line one
line two"""
n = 0x1F + 1_000 + 1.5e-3 + 3j
flag: bool = True
nothing = None
name = f"v{__version__}"
items = ["a", 'b', {"k": "v"}]
if flag:
    inner = u"\N{BULLET} \u00e9"
def f(x=1, *, y="2"):
    return x \
        + 1
class C:
    attr = 'c'  # comment
