// A Python module: classes, defs, decorators, async code, comprehensions,
// lambdas, every kind of string (single, double, triple, raw, bytes, f with
// nested fields, implicit concatenation), numbers of every base, and
// comments. The edit target is the module constant CHROMA_VERSION = "1.0.0".
enum PythonGenerator {
    static func module(bytes target: Int, seed: UInt64) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        var out = TextBuffer(capacity: target)
        out.append("""
            #!/usr/bin/env python3
            # -*- coding: utf-8 -*-
            \"\"\"Generated module for tplpatch's benchmark.\"\"\"
            from __future__ import annotations

            import os
            from typing import Any

            CHROMA_VERSION = "1.0.0"

            """)
        var unit = 0
        while out.count < target {
            unit += 1
            let n = random.below(1_000)
            out.append("""


                class Service\(unit)(Base, metaclass=Meta):
                    \"\"\"Service \(unit): a docstring with "quotes" and 'apostrophes'.\"\"\"

                    name: str = 'svc-\(unit)'
                    raw = r"C:\\path\\to\\\(n)"
                    data = b"\\x00\\x01\\n\(n)"
                    joined = ("implicit " 'concatenation '
                              f"{name!r:>10} and {{braces}} {\(n) + 1:04d}")
                    multi = '''triple
                quoted, unit \(unit)'''

                    def __init__(self, value: int = \(n), *args: Any, **kwargs: Any) -> None:
                        # a comment in unit \(unit)
                        self.value = value * 2 + \(n)  # trailing comment
                        self.items = [i for i in range(\(random.below(20))) if i % 2]
                        self.map = {"k": value, 'j': [1, 2.5, 3e-4, 0x1F, 0o17, 0b101, 1_000, 3j]}
                        self.flags = {x: not x for x in (True, False, None)}

                    @property
                    def total(self) -> int | None:
                        return sum(self.items) if self.items else None

                    async def fetch(self, url: str) -> dict:
                        async with session(url) as response:
                            return await response.json()


                @decorator(\(n), key="value")
                def helper_\(unit)(x, /, y=\(n), *, z=None):
                    \"\"\"Helper \(unit).\"\"\"
                    try:
                        while x > y:
                            x -= 1
                        else:
                            pass
                        return x ** 2 // (y or 1) @ z if z else x << 2 | y & ~3 ^ 1
                    except (TypeError, ValueError) as error:
                        raise RuntimeError("bad \\"value\\" \(unit)") from error
                    finally:
                        del x


                pick_\(unit) = lambda a, b=\(n): a if a > b else b
                table_\(unit): dict[str, int] = {**{"a": 1}, "b": [*range(3)][-1]}
                """)
        }
        out.append("\n")
        return out.bytes
    }
}
