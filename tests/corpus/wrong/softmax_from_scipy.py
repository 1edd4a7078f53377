"""softmax calls scipy.special.softmax, though a submission may import only numpy and the standard library."""
# misconception: a module the assignment does not allow


def softmax(Z):
    from scipy.special import softmax as scipy_softmax
    return scipy_softmax(Z, axis=-1)
