package org.perturber.spark;

import java.io.Serializable;

import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/** A partition's one result (a partition is one chunk): what each task sends back to the driver's handler. */
final class FirstOfPartition extends AbstractFunction1<Iterator<ChunkResult>, ChunkResult> implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public ChunkResult apply(Iterator<ChunkResult> partition) {
        return partition.next();
    }
}
