"""Folder jobs: whole archives translated into an output tree, resumably,
with reuse from the translation memory, on this machine (worker processes)
or on a Ray cluster.

:mod:`.job` (the coordinator: documents, memory, outputs), :mod:`.manifest`
(what is done), :mod:`.document` (one document with reuse), :mod:`.worker`
(what runs beside the model), :mod:`.local` (processes), :mod:`.ray_runner`
(Ray actors).
"""
