"""The shared machinery of the scripts at the top level of the repository:
the network and its record, the command line, the README sections and
figures, the published figures, the 50-digit reference, the gradient check
and the batched engine. The update rules themselves are in ann_numpy.py and
ann_numpy_original.py; schemes.py names them, and finds each by name when
asked: importing the package imports no script.

Importing it before NumPy keeps NumPy's BLAS (OpenBLAS) to one thread, unless
OPENBLAS_NUM_THREADS says otherwise: every matrix here is tiny, and the
threads OpenBLAS starts, one per core, would only spin: more than a third of the
CPU time of `python ann_numpy.py 10000`.
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
