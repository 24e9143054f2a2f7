package org.practicehub;

/**
 * {@link DigestDeliveryTest}'s whole story (stopped after k of n, unreachable, a 550 recipient) against a server that
 * announces PIPELINING: the digests then go as pipelined transactions (MAIL, RCPT and DATA in one write,
 * {@code config.WireSmtpTransport}), and every reader still ends with exactly one message holding exactly its
 * practices, a refused address is marked, and an outage stops the run and is made good by the next.
 */
class PipelinedDigestDeliveryTest extends DigestDeliveryTest {
}
