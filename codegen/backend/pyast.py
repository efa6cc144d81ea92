"""Shorthand constructors for the Python ``ast`` nodes the back end builds most."""

from __future__ import annotations

import ast


def N(id_: str, ctx=None) -> ast.Name:
    return ast.Name(id=id_, ctx=ctx or ast.Load())


def C(value) -> ast.Constant:
    return ast.Constant(value=value)


def call(func: ast.expr, args: list[ast.expr], keywords=None) -> ast.Call:
    return ast.Call(func=func, args=args, keywords=keywords or [])


def attr(obj: ast.expr, name: str, ctx=None) -> ast.Attribute:
    return ast.Attribute(value=obj, attr=name, ctx=ctx or ast.Load())


def is_none(e: ast.expr, negate: bool = False) -> ast.Compare:
    return ast.Compare(left=e, ops=[ast.IsNot() if negate else ast.Is()], comparators=[C(None)])
