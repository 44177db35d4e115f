package skybatch.jobs.operations;

import org.springframework.batch.core.partition.PartitionStep;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Attaches the {@link StepProgressSampler} to every step of every job, so that no job configuration has to.
 * Partition managers are left out: their counts are their workers', added up only when the workers are done.
 */
@Component
class StepProgressSampling implements BeanPostProcessor {

    // resolved when the first step is made, not while post-processors are set up
    private final ObjectProvider<StepProgressSampler> sampler;

    StepProgressSampling(ObjectProvider<StepProgressSampler> sampler) {
        this.sampler = sampler;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractStep step && !(bean instanceof PartitionStep)) {
            step.registerStepExecutionListener(sampler.getObject());
        }
        return bean;
    }
}
