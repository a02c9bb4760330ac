package io.ckbridge.source.schema;

import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import io.ckbridge.source.route.TableRoute;
import java.util.Optional;

/** Where a reader looks its table up. */
public interface Tables {
    /** The table as the cluster has it now, if it exists. */
    Optional<TableMetadata> table(TableRoute route);

    /** The next look-up checks the cluster's schema, however short the time since the last check. */
    void lookAgain();
}
