/// Outbound webhook delivery (libcurl transport, Standard Webhooks signing); built out by the connector issue.
