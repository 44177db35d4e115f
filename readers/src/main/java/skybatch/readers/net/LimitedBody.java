package skybatch.readers.net;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body up to a limit: the body, or empty when it is longer, in which case the download is
 * cancelled as soon as the limit is passed (or before it starts, when Content-Length already says so).
 */
public final class LimitedBody implements HttpResponse.BodySubscriber<Optional<byte[]>> {

    private final int limit;
    private final long declaredLength;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CompletableFuture<Optional<byte[]>> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private LimitedBody(int limit, long declaredLength) {
        this.limit = limit;
        this.declaredLength = declaredLength;
    }

    public static HttpResponse.BodyHandler<Optional<byte[]>> upTo(int limit) {
        return info -> new LimitedBody(limit, info.headers().firstValueAsLong("content-length").orElse(-1));
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (declaredLength > limit) {
            tooLarge();
        } else {
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            if (body.isDone()) {
                return;
            }
            if (received.size() + buffer.remaining() > limit) {
                tooLarge();
                return;
            }
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            received.writeBytes(bytes);
        }
    }

    private void tooLarge() {
        subscription.cancel();
        body.complete(Optional.empty());
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        body.complete(Optional.of(received.toByteArray()));
    }

    @Override
    public CompletionStage<Optional<byte[]>> getBody() {
        return body;
    }
}
