"""The shared machinery of the scripts at the top level of the repository:
the network and its record, the command line, the README sections and
figures, the published figures, the 50-digit reference, the gradient check
and the batched engine. The update rules themselves are in ann_numpy.py and
ann_numpy_original.py; nothing here imports a script.
"""
