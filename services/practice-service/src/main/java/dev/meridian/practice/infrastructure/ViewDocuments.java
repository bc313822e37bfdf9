package dev.meridian.practice.infrastructure;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Reads and writes the practice views' documents by {@code _id}. Within one batch of the views' processor a document
 * is read from MongoDB at most once and written once, after the batch's last event ({@link WriteAtBatchEnd}); one
 * event at a time, a session event read its session twice and its course once and wrote both (a fifth of the
 * process's samples at 20 commands/s). Outside such a batch (a GET, a test handing the projector an event) reads and
 * writes go to MongoDB at once.
 *
 * <p>Every write is conditional on the version read ({@link ViewDocument}): a write based on an older read fails with
 * Spring's {@code OptimisticLockingFailureException} (or {@code DuplicateKeyException} for a document another writer
 * created first) and stores nothing.
 */
@Component
public class ViewDocuments {

    private static final String BATCH_RESOURCE = ViewDocuments.class.getName() + ".batch";

    private final MongoTemplate mongo;

    public ViewDocuments(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The document as the current batch left it, or as stored; null when there is none. */
    public <T extends ViewDocument> T findById(String id, Class<T> type) {
        Batch batch = currentBatch();
        if (batch == null) {
            return read(id, type);
        }
        Key key = new Key(type, id);
        if (!batch.documents.containsKey(key)) {
            batch.documents.put(key, read(id, type));
        }
        return type.cast(batch.documents.get(key));
    }

    /**
     * The last applied sequence of each of these streams in the documents of {@code type} keyed by them (absent: no
     * document, or none applied), in one {@code _id $in} read of the bookkeeping field only.
     */
    public Map<String, Long> lastApplied(Class<? extends ViewDocument> type, Collection<String> ids) {
        Query byIds = query(where("_id").in(ids));
        byIds.fields().include(ViewDocument.APPLIED_SEQUENCES);
        Map<String, Long> applied = new HashMap<>();
        for (Document document : mongo.find(byIds, Document.class, mongo.getCollectionName(type))) {
            String id = document.getString("_id");
            Document sequences = document.get(ViewDocument.APPLIED_SEQUENCES, Document.class);
            if (sequences != null && sequences.get(id) instanceof Number last) {
                applied.put(id, last.longValue());
            }
        }
        return applied;
    }

    private <T extends ViewDocument> T read(String id, Class<T> type) {
        T document = mongo.findById(id, type);
        if (document != null && document.version() == null) {
            // Stored before documents carried a version: give it one, so that writes can be conditional on it.
            // Should another writer have done so (and written since), the write based on this read fails.
            mongo.updateFirst(query(where("_id").is(id).and(ViewDocument.VERSION).exists(false)),
                    new Update().set(ViewDocument.VERSION, 0L), type);
            document.adoptVersion(0L);
        }
        return document;
    }

    /** Stores the document: at the end of the current batch, or now when there is none. */
    public void save(String id, ViewDocument document) {
        Batch batch = currentBatch();
        if (batch == null) {
            mongo.save(document);
            return;
        }
        Key key = new Key(document.getClass(), id);
        batch.documents.put(key, document);
        batch.changed.add(key);
    }

    private static Batch currentBatch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        return CurrentUnitOfWork.get().root().getResource(BATCH_RESOURCE);
    }

    private void write(Batch batch) {
        for (Key key : batch.changed) {
            mongo.save(batch.documents.get(key));
        }
        batch.changed.clear();
    }

    private record Key(Class<?> type, String id) {
    }

    private static final class Batch {
        final Map<Key, ViewDocument> documents = new HashMap<>();
        final Set<Key> changed = new LinkedHashSet<>();
    }

    /**
     * Opens a batch for the views' processor and writes what it changed while its last event is handled. Not in a
     * commit callback: the processor stores its token in the unit of work's prepare-commit phase, registered before
     * any of ours, so a crash between the two would lose the batch's changes with the token already past them. A
     * failed write fails the batch, which the processor then handles again; what was written already carries its
     * applied sequences and is not changed twice.
     */
    public static final class WriteAtBatchEnd implements MessageHandlerInterceptor<EventMessage<?>> {

        private final ViewDocuments documents;

        public WriteAtBatchEnd(ViewDocuments documents) {
            this.documents = documents;
        }

        @Override
        public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
                throws Exception {
            Batch batch = unitOfWork.root().getOrComputeResource(BATCH_RESOURCE, key -> new Batch());
            Object result = interceptorChain.proceed();
            if (!(unitOfWork instanceof BatchingUnitOfWork<?> batching) || batching.isLastMessage()) {
                documents.write(batch);
            }
            return result;
        }
    }
}
