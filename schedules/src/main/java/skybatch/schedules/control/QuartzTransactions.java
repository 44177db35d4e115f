package skybatch.schedules.control;

import org.quartz.SchedulerException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs changes to the job store in one Spring transaction. Spring's job store takes Quartz's row locks on the
 * connection of the current transaction; outside one, each statement would commit alone and the locks would not
 * hold.
 */
@Component
class QuartzTransactions {

    private final TransactionTemplate transactions;

    QuartzTransactions(PlatformTransactionManager transactionManager) {
        this.transactions = new TransactionTemplate(transactionManager);
    }

    <T> T run(QuartzWork<T> work) {
        return transactions.execute(status -> {
            try {
                return work.run();
            } catch (SchedulerException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    @FunctionalInterface
    interface QuartzWork<T> {
        T run() throws SchedulerException;
    }
}
