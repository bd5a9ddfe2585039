import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.ts';

describe('createMetrics', () => {
  it('records every metric under its name and labels', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.observeHttpRequest('POST', '/v1/documents', 201, 0.012);
    metrics.countDocument(33, 'signed');
    metrics.countDocument(33, 'signed');
    metrics.countDocument(61, 'rejected');
    metrics.observeSigning(33, 0.0004);
    metrics.countSiiCall('upload', 'ok');
    metrics.countSiiCall('token', 'timeout');
    metrics.setQueueDepth('submission', 7);
    metrics.setFoliosLeft('76192083-9', 33, 998);
    metrics.countCafExhausted('76192083-9', 52);
    const { contentType, text } = await metrics.exposition();
    expect(contentType).toContain('text/plain');
    expect(text).toContain('dte_http_request_duration_seconds_bucket{le="0.025",method="POST",route="/v1/documents",status_code="201"} 1');
    expect(text).toContain('dte_documents_issued_total{type="33",state="signed"} 2');
    expect(text).toContain('dte_documents_issued_total{type="61",state="rejected"} 1');
    expect(text).toContain('dte_signing_duration_seconds_bucket{le="0.0005",type="33"} 1');
    expect(text).toContain('dte_sii_calls_total{operation="upload",outcome="ok"} 1');
    expect(text).toContain('dte_sii_calls_total{operation="token",outcome="timeout"} 1');
    expect(text).toContain('dte_queue_depth{queue="submission"} 7');
    expect(text).toContain('dte_folios_left{company="76192083-9",type="33"} 998');
    expect(text).toContain('dte_caf_exhausted_total{company="76192083-9",type="52"} 1');
    expect(text).not.toContain('process_cpu');
  });

  it('keeps each service in its own registry, with process metrics when asked', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.countDocument(33, 'accepted');
    expect((await first.exposition()).text).toContain('process_cpu_seconds_total');
    expect((await second.exposition()).text).not.toContain('dte_documents_issued_total{');
  });
});
