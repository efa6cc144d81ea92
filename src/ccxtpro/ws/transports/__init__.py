"""Adapters from websocket libraries to :class:`ccxtpro.ws.transport.Transport`, one per
library; imported only when chosen (:func:`ccxtpro.ws.transport.dialer`)."""
