package skybatch.jobs.database;

import java.time.Duration;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.NameMatchMethodPointcutAdvisor;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.resilience.retry.MethodRetrySpec;
import org.springframework.resilience.retry.SimpleRetryInterceptor;

/**
 * Retries the job repository's creations (job instance, job execution, step execution) that PostgreSQL aborted
 * as a serialization failure. Spring Batch creates them in SERIALIZABLE transactions, the guard against one job
 * launched twice at once; the two steps of a split create their step executions at the same moment, and PostgreSQL
 * may abort one of the two ("could not serialize access due to read/write dependencies among transactions"), which
 * failed the job. Each creation is a transaction of its own (REQUIRES_NEW), rolled back whole, so trying it again
 * is safe; a second launch of a running job still fails, on the retry, as already running.
 */
class JobRepositoryRetries implements BeanPostProcessor {

    private static final MethodRetrySpec SERIALIZATION_FAILURES = new MethodRetrySpec(
            (method, failure) -> failure instanceof PessimisticLockingFailureException,
            5, Duration.ofMillis(20), Duration.ofMillis(10), 2.0, Duration.ofMillis(500));

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof JobRepository repository)) {
            return bean;
        }
        // create*: the methods Spring Batch runs at SERIALIZABLE; every other call goes straight through
        NameMatchMethodPointcutAdvisor creations =
                new NameMatchMethodPointcutAdvisor(new SimpleRetryInterceptor(SERIALIZATION_FAILURES));
        creations.setMappedName("create*");
        ProxyFactory retrying = new ProxyFactory(repository);
        retrying.addAdvisor(creations);
        return retrying.getProxy(JobRepository.class.getClassLoader());
    }
}
