package dev.switchboard.orders;

import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;

import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.AbstractReactiveTransactionManager;
import org.springframework.transaction.reactive.GenericReactiveTransaction;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Transactions without a database, for unit tests: they begin, commit or roll back, and
 * run their synchronizations (after-commit callbacks) as a real manager does; commits and
 * rollbacks are counted.
 */
public final class TestTransactions extends AbstractReactiveTransactionManager {

	private final AtomicInteger commits = new AtomicInteger();

	private final AtomicInteger rollbacks = new AtomicInteger();

	/** The operator services take. */
	public TransactionalOperator operator() {
		return TransactionalOperator.create(this);
	}

	public int commits() {
		return this.commits.get();
	}

	public int rollbacks() {
		return this.rollbacks.get();
	}

	@Override
	protected Object doGetTransaction(TransactionSynchronizationManager synchronizationManager) {
		return new Object();
	}

	@Override
	protected Mono<Void> doBegin(TransactionSynchronizationManager synchronizationManager, Object transaction,
			TransactionDefinition definition) {
		return Mono.empty();
	}

	@Override
	protected Mono<Void> doCommit(TransactionSynchronizationManager synchronizationManager,
			GenericReactiveTransaction status) {
		return Mono.fromRunnable(this.commits::incrementAndGet);
	}

	@Override
	protected Mono<Void> doRollback(TransactionSynchronizationManager synchronizationManager,
			GenericReactiveTransaction status) {
		return Mono.fromRunnable(this.rollbacks::incrementAndGet);
	}

}
