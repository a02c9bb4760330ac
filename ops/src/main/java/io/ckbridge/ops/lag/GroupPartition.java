package io.ckbridge.ops.lag;

import org.apache.kafka.common.TopicPartition;

/** A group's view of one partition: the key of a commit window. */
record GroupPartition(String group, TopicPartition partition) {
}
