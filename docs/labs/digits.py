# %% [markdown]
# # Lab
#
# Being written.

# %%
import backprop

print(backprop.__version__)
