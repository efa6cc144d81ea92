"""IR → Python ``ast`` → source text (``codegen.printer``), keeping JS semantics.

JS semantics are kept where Python differs: ``undefined``/``null`` are ``None``
and compared with ``is``; a condition whose static type might be an array or
object goes through ``truthy`` (``[]``/``{}`` are true in JS); ``+`` with a
string side converts the other side with JS ToString; ``%`` keeps the dividend's
sign; parameter defaults apply when the argument is ``undefined`` (as in JS),
so they are rendered as ``None`` plus a prologue. A tiny static typing of
expressions (``kinds``) decides where the helpers are needed, so hot code that
compares or reads safe_* results stays plain Python.

One renderer class per method, composed from one mixin per concern:

- ``context``     what the renderer needs from outside (``Resolver``), collects (``Imports``), raises
- ``pyast``       shorthand constructors for the ``ast`` nodes
- ``kinds``       static kinds of locals and expressions (where JS and Python truthiness/``+`` differ)
- ``expressions`` IR expressions → ``ast`` expressions
- ``jsbuiltins``  JS globals and built-in methods (``Math``, ``JSON``, ``parseInt``, ``push``, ``slice``…)
- ``statements``  IR statements → ``ast`` statements (assignments, ``if``, ``try``, ``switch``)
- ``loops``       JS loops → ``for … in range`` when provably equal, else ``while``
- ``method``      the renderer itself: signature, parameter defaults, ``render_method``
- ``awaitables``  which methods' calls yield an awaitable (JS flattens returned promises)
"""

from .awaitables import awaitable_names
from .context import BackendError, Imports, Resolver
from .method import MethodRenderer, render_method

__all__ = ["BackendError", "Imports", "MethodRenderer", "Resolver", "awaitable_names", "render_method"]
