package io.ckbridge.materializer.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Every RocksDB store of the instance (several per task, one per window segment) shares one block
 * cache and one write-buffer budget, so memory stays bounded however many tables and partitions
 * there are (by default each store would take its own 50 MB cache and 48 MB of memtables).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    static final long TOTAL_BYTES = 64L << 20;
    static final long WRITE_BUFFER_BYTES = 16L << 20;

    private static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, 0.1);
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(WRITE_BUFFER_BYTES, CACHE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setMaxWriteBufferNumber(2);
        options.setWriteBufferSize(4L << 20);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and buffer manager are shared by every store: they live as long as the process
    }
}
